package dev.loopcore.jmh;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency-under-load section of the bench table: one row per rate and peer with p50 / p99 / p99.9 /
 * max (µs, read from {@link dev.loopcore.jmh.latency.LatencyProfiler}'s merged histograms), the producer's
 * own send lag, overruns, B/op, and loopcore's ratio to the best parking peer at the same rate and
 * percentile (lower is better).
 */
final class LatencyTable {
    /** The peers that park an idle consumer, loopcore's default competitors here; as in {@link WakeUp}. */
    static final List<String> PARKING = List.of("jctools-park", "disruptor-blocking", "agrona-backoff", "netty-nio",
            "jdk-executor", "pekko");
    private static final List<String> ORDER = List.of("loopcore", "jctools-park", "disruptor-blocking", "agrona-backoff",
            "netty-nio", "jdk-executor", "pekko", "loopcore-spin", "jctools-spin");
    private static final String[] PERCENTILES = {"p50", "p99", "p99.9"};

    private LatencyTable() {
    }

    static String format(Iterable<RunResult> results) {
        Map<Long, List<RunResult>> byRate = new TreeMap<>();
        for (RunResult r : results) {
            byRate.computeIfAbsent(Long.parseLong(r.getParams().getParam("rate")), k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Latency under load (open loop: one producer sends at a fixed rate; latency = task start - due send"
                + " time; us; percentiles of the histogram merged over all measurement iterations):\n\n");
        sb.append("| rate/s | peer | sent/s | p50 | p99 | p99.9 | max | send lag p99.9 | overruns | B/op"
                + " | p50 vs best | p99 vs best | p99.9 vs best |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Long, List<RunResult>> e : byRate.entrySet()) {
            List<RunResult> rows = e.getValue();
            rows.sort(Comparator.comparingInt(r -> rank(BenchMain.peer(r))));
            for (RunResult r : rows) {
                String peer = BenchMain.peer(r);
                sb.append(String.format("| %d | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |", e.getKey(), peer,
                        r.getPrimaryResult().getScore(), us(r, "latency.p50"), us(r, "latency.p99"),
                        us(r, "latency.p99.9"), us(r, "latency.max"), us(r, "sendLag.p99.9"), count(r, "latency.overruns"),
                        BenchMain.allocation(r)));
                for (String p : PERCENTILES) sb.append(' ').append(ratio(rows, peer, r, "latency." + p)).append(" |");
                sb.append('\n');
            }
        }
        sb.append("\nsent/s: the rate the producer achieved (below the rate: its post is slower than the period, or it"
                + " waited on overruns). send lag: how late the producer itself called post, from the due time."
                + " overruns: sends whose ring entry (64 Ki) the consumer had not run yet; the producer waited for it."
                + " vs best: loopcore's percentile divided by the best (lowest) of the parking peers "
                + String.join(", ", PARKING) + " at the same rate, whose name follows; for loopcore-spin, divided by"
                + " jctools-spin. <1 is better. Percentiles are bucket upper bounds (at most 0.8 % high).\n");
        return sb.toString();
    }

    private static int rank(String peer) {
        int i = ORDER.indexOf(peer);
        return i < 0 ? ORDER.size() : i;
    }

    private static double value(RunResult r, String label) {
        Result<?> res = r.getSecondaryResults().get(label);
        return res == null ? Double.NaN : res.getScore();
    }

    private static String us(RunResult r, String label) {
        double v = value(r, label);
        if (Double.isNaN(v)) return "";
        return v < 10 ? String.format("%.2f", v) : v < 1000 ? String.format("%.1f", v) : String.format("%.0f", v);
    }

    private static String count(RunResult r, String label) {
        double v = value(r, label);
        return Double.isNaN(v) ? "" : String.format("%.0f", v);
    }

    private static String ratio(List<RunResult> rows, String peer, RunResult r, String label) {
        List<String> against;
        if (peer.equals("loopcore")) against = PARKING;
        else if (peer.equals("loopcore-spin")) against = Arrays.asList("jctools-spin");
        else return "";
        String bestPeer = null;
        double best = Double.NaN;
        for (RunResult o : rows) {
            String p = BenchMain.peer(o);
            double v = value(o, label);
            if (against.contains(p) && !Double.isNaN(v) && (Double.isNaN(best) || v < best)) {
                best = v;
                bestPeer = p;
            }
        }
        double mine = value(r, label);
        if (bestPeer == null || Double.isNaN(mine) || best <= 0) return "";
        return String.format("%.2fx %s", mine / best, bestPeer);
    }
}
