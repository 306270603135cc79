/** Samples this process's RSS every 10 ms from now on; `stop()` gives the peak and its growth, in MB. */
export function sampleRss(): { stop(): { rssGrowthMb: number; peakRssMb: number } } {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { rssGrowthMb: mb(peak - baseline), peakRssMb: mb(peak) };
    },
  };
}
