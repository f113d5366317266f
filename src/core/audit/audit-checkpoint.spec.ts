import { CheckpointSigner, verifyCheckpoint } from './audit-checkpoint';

describe('audit checkpoints', () => {
  const head = { seq: '42', hash: 'ab'.repeat(32) };
  const at = new Date('2026-12-01T05:00:00Z');

  it('signs the head so that anyone with the public key can check it', () => {
    const signer = new CheckpointSigner(Buffer.alloc(32, 1).toString('base64'));
    const checkpoint = signer.sign(head, at);
    expect(signer.verify(checkpoint)).toBe(true);
    expect(verifyCheckpoint(checkpoint, signer.publicKey)).toBe(true);
  });

  it('refuses a changed head, instant or signature, and another key', () => {
    const signer = new CheckpointSigner(Buffer.alloc(32, 1).toString('base64'));
    const checkpoint = signer.sign(head, at);
    expect(signer.verify({ ...checkpoint, hash: 'cd'.repeat(32) })).toBe(false);
    expect(signer.verify({ ...checkpoint, seq: '43' })).toBe(false);
    expect(signer.verify({ ...checkpoint, signedAt: new Date('2026-12-02T05:00:00Z') })).toBe(false);
    expect(signer.verify({ ...checkpoint, signature: 'AAAA' })).toBe(false);
    const forger = new CheckpointSigner(Buffer.alloc(32, 2).toString('base64'));
    expect(signer.verify(forger.sign(head, at))).toBe(false);
  });

  it('signs with a fixed development key when none is configured', () => {
    expect(new CheckpointSigner(undefined).publicKey).toBe(new CheckpointSigner(undefined).publicKey);
  });
});
