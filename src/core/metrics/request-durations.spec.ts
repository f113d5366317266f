import { RequestDurations } from './request-durations';

describe('RequestDurations', () => {
  it('writes a cumulative Prometheus histogram per method, route pattern and status', () => {
    const h = new RequestDurations('http_request_duration_seconds', 'Latency', [0.01, 0.1]);
    h.observe('GET', '/calls/:id', 200, 0.005);
    h.observe('GET', '/calls/:id', 200, 0.05);
    h.observe('GET', '/calls/:id', 200, 3);
    h.observe('GET', '/calls/:id', 404, 0.001);
    h.observe('PROPFIND', 'unmatched', 404, 0.01);
    expect(h.text().split('\n')).toEqual([
      '# HELP http_request_duration_seconds Latency',
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="200",le="0.01"} 1',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="200",le="0.1"} 2',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="200",le="+Inf"} 3',
      'http_request_duration_seconds_sum{method="GET",route="/calls/:id",status_code="200"} 3.055',
      'http_request_duration_seconds_count{method="GET",route="/calls/:id",status_code="200"} 3',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="404",le="0.01"} 1',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="404",le="0.1"} 1',
      'http_request_duration_seconds_bucket{method="GET",route="/calls/:id",status_code="404",le="+Inf"} 1',
      'http_request_duration_seconds_sum{method="GET",route="/calls/:id",status_code="404"} 0.001',
      'http_request_duration_seconds_count{method="GET",route="/calls/:id",status_code="404"} 1',
      'http_request_duration_seconds_bucket{method="other",route="unmatched",status_code="404",le="0.01"} 1',
      'http_request_duration_seconds_bucket{method="other",route="unmatched",status_code="404",le="0.1"} 1',
      'http_request_duration_seconds_bucket{method="other",route="unmatched",status_code="404",le="+Inf"} 1',
      'http_request_duration_seconds_sum{method="other",route="unmatched",status_code="404"} 0.01',
      'http_request_duration_seconds_count{method="other",route="unmatched",status_code="404"} 1',
      '',
    ]);
  });

  it('escapes label values', () => {
    const h = new RequestDurations('x', 'x', [1]);
    h.observe('GET', '/a"b\\c', 200, 0.5);
    expect(h.text()).toContain('route="/a\\"b\\\\c"');
  });
});
