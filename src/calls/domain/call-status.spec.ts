import { CallStatus, isOpenAt, statusAt } from './call-status';

describe('call status schedule', () => {
  const call = {
    status: CallStatus.PUBLISHED,
    opensAt: new Date('2020-07-01T08:00:00Z'),
    closesAt: new Date('2020-09-30T15:00:00Z'),
  };

  it('is published before opening', () => {
    expect(statusAt(call, new Date('2020-07-01T07:59:59.999Z'))).toBe(CallStatus.PUBLISHED);
  });

  it('opens at the opening instant exactly', () => {
    expect(statusAt(call, new Date('2020-07-01T08:00:00Z'))).toBe(CallStatus.OPEN);
    expect(isOpenAt(call, new Date('2020-07-01T08:00:00Z'))).toBe(true);
  });

  it('is still open one millisecond before closing', () => {
    expect(isOpenAt(call, new Date('2020-09-30T14:59:59.999Z'))).toBe(true);
  });

  it('is closed at the closing instant: a submission then is late', () => {
    expect(statusAt(call, new Date('2020-09-30T15:00:00Z'))).toBe(CallStatus.CLOSED);
    expect(isOpenAt(call, new Date('2020-09-30T15:00:00Z'))).toBe(false);
  });

  it('closes by the clock even when the job already marked it open', () => {
    expect(statusAt({ ...call, status: CallStatus.OPEN }, new Date('2020-10-01T00:00:00Z'))).toBe(CallStatus.CLOSED);
  });

  it('never opens a draft', () => {
    expect(statusAt({ ...call, status: CallStatus.DRAFT }, new Date('2020-08-01T00:00:00Z'))).toBe(CallStatus.DRAFT);
  });

  it('keeps later states as they are', () => {
    expect(statusAt({ ...call, status: CallStatus.DECIDED }, new Date('2020-08-01T00:00:00Z'))).toBe(CallStatus.DECIDED);
  });
});
