import { CallStatus } from './call-status';
import { closingExtensionRefusal } from './closing-extension.rule';

// A call open from 1 July 2020 10:00 to 30 September 2020 17:00 (Brussels, summer time).
const call = (status: CallStatus) => ({ status, opensAt: new Date('2020-07-01T08:00:00Z'), closesAt: new Date('2020-09-30T15:00:00Z') });
const during = new Date('2020-09-15T10:00:00Z');

describe('extending a call\'s closing instant', () => {
  it('moves it later while the call is open, by any amount, even by one second', () => {
    expect(closingExtensionRefusal(call(CallStatus.OPEN), new Date('2020-10-14T15:00:00Z'), during)).toBeNull();
    expect(closingExtensionRefusal(call(CallStatus.OPEN), new Date('2020-09-30T15:00:01Z'), during)).toBeNull();
  });

  it('moves it later before the call opens, and when the stored status lags behind the clock', () => {
    expect(closingExtensionRefusal(call(CallStatus.PUBLISHED), new Date('2020-10-14T15:00:00Z'), new Date('2020-06-01T08:00:00Z'))).toBeNull();
    // Stored PUBLISHED, open by the clock since 1 July.
    expect(closingExtensionRefusal(call(CallStatus.PUBLISHED), new Date('2020-10-14T15:00:00Z'), during)).toBeNull();
  });

  it('never brings it forward nor keeps it where it is', () => {
    expect(closingExtensionRefusal(call(CallStatus.OPEN), new Date('2020-09-29T15:00:00Z'), during)).toBe('CLOSING_NOT_LATER');
    expect(closingExtensionRefusal(call(CallStatus.OPEN), new Date('2020-09-30T15:00:00Z'), during)).toBe('CLOSING_NOT_LATER');
    expect(closingExtensionRefusal(call(CallStatus.PUBLISHED), new Date('2020-08-01T08:00:00Z'), new Date('2020-06-01T08:00:00Z'))).toBe('CLOSING_NOT_LATER');
  });

  it('never reopens a closed call: at the closing instant it is closed, whether or not the job ran', () => {
    const later = new Date('2020-10-14T15:00:00Z');
    expect(closingExtensionRefusal(call(CallStatus.OPEN), later, new Date('2020-09-30T15:00:00Z'))).toBe('CALL_CLOSED');
    expect(closingExtensionRefusal(call(CallStatus.OPEN), later, new Date('2020-09-30T14:59:59Z'))).toBeNull();
    for (const status of [CallStatus.CLOSED, CallStatus.EVALUATION, CallStatus.DECIDED]) {
      expect(closingExtensionRefusal(call(status), later, during)).toBe('CALL_CLOSED');
    }
  });

  it('leaves a draft to be edited as a draft', () => {
    expect(closingExtensionRefusal(call(CallStatus.DRAFT), new Date('2020-10-14T15:00:00Z'), during)).toBe('CALL_NOT_PUBLISHED');
  });
});
