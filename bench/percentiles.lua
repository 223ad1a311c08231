-- wrk -s bench/percentiles.lua: after wrk's own report, one machine-readable line
--   RESULT <requests/s> <p50 ms> <p95 ms> <p99 ms> <non-2xx/3xx responses> <socket errors>
-- (wrk --latency prints 50/75/90/99 % only; the p95 comes from wrk's latency histogram here).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
