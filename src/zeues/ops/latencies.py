"""Per-endpoint latency histograms (HdrHistogram) in milliseconds, for monitor and loadtest."""

from __future__ import annotations

from collections.abc import Sequence

from hdrh.histogram import HdrHistogram

# 1 µs .. 5 min, 3 significant digits: enough for HTTP latencies of any deployment.
_LOWEST_US = 1
_HIGHEST_US = 300_000_000
_DIGITS = 3


class Latencies:
    """Per-endpoint latency histograms (HdrHistogram) in milliseconds."""

    def __init__(self) -> None:
        self._histograms: dict[str, HdrHistogram] = {}

    def record(self, endpoint: str, elapsed_ms: float) -> None:
        histogram = self._histograms.get(endpoint)
        if histogram is None:
            histogram = HdrHistogram(_LOWEST_US, _HIGHEST_US, _DIGITS)
            self._histograms[endpoint] = histogram
        micros = min(max(round(elapsed_ms * 1000), _LOWEST_US), _HIGHEST_US)
        histogram.record_value(micros)

    @property
    def endpoints(self) -> list[str]:
        return sorted(self._histograms)

    def count(self, endpoint: str | None = None) -> int:
        return sum(int(h.get_total_count()) for h in self._select(endpoint))

    def percentile(self, percent: float, endpoint: str | None = None) -> float:
        """Milliseconds at ``percent``; ``endpoint=None`` merges every endpoint."""
        histograms = self._select(endpoint)
        if not histograms:
            return 0.0
        merged = HdrHistogram(_LOWEST_US, _HIGHEST_US, _DIGITS)
        for histogram in histograms:
            merged.add(histogram)
        if merged.get_total_count() == 0:
            return 0.0
        return float(merged.get_value_at_percentile(percent)) / 1000

    def max(self, endpoint: str | None = None) -> float:
        values = [int(h.get_max_value()) for h in self._select(endpoint) if h.get_total_count()]
        return max(values, default=0) / 1000

    def summary(self, percents: Sequence[float] = (50, 95, 99)) -> dict[str, dict[str, float]]:
        table: dict[str, dict[str, float]] = {}
        for endpoint in self.endpoints:
            row: dict[str, float] = {"count": float(self.count(endpoint))}
            for percent in percents:
                row[f"p{percent:g}_ms"] = round(self.percentile(percent, endpoint), 2)
            row["max_ms"] = round(self.max(endpoint), 2)
            table[endpoint] = row
        return table

    def _select(self, endpoint: str | None) -> list[HdrHistogram]:
        if endpoint is None:
            return list(self._histograms.values())
        histogram = self._histograms.get(endpoint)
        return [histogram] if histogram is not None else []
