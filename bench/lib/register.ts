import type { Client } from 'pg';

/**
 * The bench's consortia as the programme secretariat would have verified them in the
 * organisation register (their proof of type is no part of what the bench measures).
 */
export async function verifyRegisteredTypes(db: Client, enterpriseNumbers: string[]): Promise<void> {
  await db.query(
    `UPDATE organisation_register SET verification_status = 'VERIFIED', decided_at = now(), decision_reason = 'bench', version = version + 1
      WHERE enterprise_number = ANY($1) AND verification_status <> 'VERIFIED'`,
    [enterpriseNumbers.map((n) => n.replace(/\D/g, '').padStart(10, '0'))],
  );
}
