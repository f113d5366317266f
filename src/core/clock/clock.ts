import { Injectable } from '@nestjs/common';

/** The server clock. Services ask it for the time so that deadlines are testable. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that tests move by hand. */
export class ManualClock extends Clock {
  constructor(private current: Date = new Date('2020-07-01T08:00:00Z')) {
    super();
  }
  override now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
