const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const OTHER = METHODS.length;

interface Series {
  method: string;
  route: string;
  status: number;
  /** Observations per bucket (not cumulative); the last is above every bound (+Inf). */
  counts: Float64Array;
  sum: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The per-request latency histogram, kept outside prom-client and written in its text format
 * at scrape time. prom-client's labelled `observe` validates and hashes the labels on every
 * call: about 5 µs a request on this machine, against about 0.1 µs for the two Map lookups and
 * the bucket search here (measured side by side in one process).
 */
export class RequestDurations {
  /** route pattern → (status × 8 + method index) → series: no string is built per request. */
  private readonly series = new Map<string, Map<number, Series>>();

  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds in seconds, ascending. */
    private readonly bounds: readonly number[],
  ) {}

  observe(method: string, route: string, status: number, seconds: number): void {
    let byKey = this.series.get(route);
    if (!byKey) {
      byKey = new Map();
      this.series.set(route, byKey);
    }
    let index = METHODS.indexOf(method as (typeof METHODS)[number]);
    if (index < 0) index = OTHER;
    const key = status * 8 + index;
    let series = byKey.get(key);
    if (!series) {
      // Methods outside the list share one label, so odd requests cannot grow the series.
      series = { method: index === OTHER ? 'other' : method, route, status, counts: new Float64Array(this.bounds.length + 1), sum: 0 };
      byKey.set(key, series);
    }
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]) bucket++;
    series.counts[bucket]++;
    series.sum += seconds;
  }

  /** The Prometheus text exposition of every series. */
  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const byKey of this.series.values()) {
      for (const s of byKey.values()) {
        const labels = `method="${escapeLabel(s.method)}",route="${escapeLabel(s.route)}",status_code="${s.status}"`;
        let cumulative = 0;
        this.bounds.forEach((bound, i) => {
          cumulative += s.counts[i];
          lines.push(`${this.name}_bucket{${labels},le="${bound}"} ${cumulative}`);
        });
        cumulative += s.counts[this.bounds.length];
        lines.push(`${this.name}_bucket{${labels},le="+Inf"} ${cumulative}`);
        lines.push(`${this.name}_sum{${labels}} ${s.sum}`);
        lines.push(`${this.name}_count{${labels}} ${cumulative}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
