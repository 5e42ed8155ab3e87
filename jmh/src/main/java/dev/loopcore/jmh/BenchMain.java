package dev.loopcore.jmh;

import dev.loopcore.jmh.latency.LatencyProfiler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the headline families (quick, full or smoke profile) with {@code -prof gc} in one run, then the
 * idle CPU measurement, and prints one table: figure, error, B/op, and loopcore's ratio to the best peer
 * of the same benchmark. Then runs the latency-under-load family ({@link LatencyUnderLoad}) in a run of
 * its own (its iterations are shaped differently, and it needs {@link LatencyProfiler}) and prints its
 * section ({@link LatencyTable}). Also writes it all to {@code jmh/target/bench-table.md}.
 *
 * <p>Arguments: {@code [profile] [include regex] [param=value,value ...]}; the include selects among
 * all benchmarks (e.g. {@code LatencyUnderLoad} runs that family only), the parameters restrict
 * {@code @Param}s (e.g. {@code peer=loopcore,jctools-park rate=10000}).
 */
public final class BenchMain {
    private static final String HEADLINE = "dev\\.loopcore\\.jmh\\.(OneToOne|TwoToOne|RoundTrip|WakeUp|ProxyInvoke"
            + "|Replies|PooledLoops|RefCountedArg|ConfinedCheck|LatencyUnderLoad)\\..*";
    private static final String LATENCY_FAMILY = LatencyUnderLoad.class.getName() + ".";

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        String profile = args.length > 0 && !args[0].isBlank() ? args[0] : "quick";
        String include = args.length > 1 && !args[1].isBlank() ? args[1] : HEADLINE;
        Map<String, String[]> params = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected name=value,value...: " + args[i]);
            params.put(args[i].substring(0, eq), args[i].substring(eq + 1).split(","));
        }
        List<String> headline = new ArrayList<>();
        List<String> latency = new ArrayList<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(include), List.of())) {
            (e.getUsername().startsWith(LATENCY_FAMILY) ? latency : headline).add(e.getUsername());
        }
        if (headline.isEmpty() && latency.isEmpty()) throw new IllegalArgumentException("no benchmark matches " + include);

        StringBuilder table = new StringBuilder();
        if (!headline.isEmpty()) {
            ChainedOptionsBuilder o = options(headline, params).addProfiler(GCProfiler.class);
            if (profile.equals("full")) {
                o.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(2));
            } else if (profile.equals("smoke")) {
                o.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(2).measurementTime(TimeValue.seconds(1));
            } else {
                o.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1));
            }
            table.append(format(new Runner(o.build()).run()));
            table.append("\nIdle CPU (one task, 10 ms idle, then CPU time of the consumer threads over 1 s):\n\n");
            table.append("| peer | % of a core |\n|---|---:|\n");
            IdleCpu.measure().forEach((k, v) -> table.append(String.format("| %s | %.2f |%n", k, v)));
        }
        if (!latency.isEmpty()) {
            // LatencyProfiler before gc: its copies of the histograms are then made after gc's allocation figures
            ChainedOptionsBuilder o = options(latency, params).addProfiler(LatencyProfiler.class).addProfiler(GCProfiler.class)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
            if (profile.equals("full")) {
                o.forks(2).warmupIterations(2).measurementIterations(5);
            } else if (profile.equals("smoke")) {
                o.forks(1).warmupIterations(1).measurementIterations(2);
            } else {
                o.forks(1).warmupIterations(1).measurementIterations(3);
            }
            if (table.length() > 0) table.append('\n');
            table.append(LatencyTable.format(new Runner(o.build()).run()));
        }
        System.out.println();
        System.out.println(table);
        Path out = Path.of("bench-table.md");
        Files.writeString(out, table.toString());
        System.out.println("(written to " + out.toAbsolutePath() + ")");
        System.exit(0); // peers' non-daemon threads (Pekko) must not keep the JVM alive
    }

    /** Options common to both runs: exactly the benchmarks {@code names}, the JVM, the parameters given. */
    private static ChainedOptionsBuilder options(List<String> names, Map<String, String[]> params) {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .jvmArgs("-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED").shouldFailOnError(true);
        for (String name : names) o.include("^" + Pattern.quote(name) + "$");
        params.forEach(o::param);
        return o;
    }

    static String format(Collection<RunResult> results) {
        Map<String, List<RunResult>> byBenchmark = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark().replace("dev.loopcore.jmh.", "");
            byBenchmark.computeIfAbsent(bench, k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | peer | score | error | unit | B/op | vs best library peer | vs raw JCTools |\n");
        sb.append("|---|---|---:|---:|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<RunResult>> e : byBenchmark.entrySet()) {
            List<RunResult> rows = e.getValue();
            boolean higherIsBetter = rows.get(0).getParams().getMode().shortLabel().equals("thrpt");
            double best = Double.NaN;
            for (RunResult r : rows) {
                String peer = peer(r);
                if (peer.startsWith("loopcore") || peer.startsWith("jctools") || peer.equals("volatile-pingpong")
                        || peer.isEmpty()) continue;
                double s = r.getPrimaryResult().getScore();
                if (Double.isNaN(best) || (higherIsBetter ? s > best : s < best)) best = s;
            }
            for (RunResult r : rows) {
                Result<?> p = r.getPrimaryResult();
                String peer = peer(r);
                String score;
                if (r.getParams().getMode().shortLabel().equals("sample")) {
                    score = String.format("p50 %.1f / p99 %.1f", p.getStatistics().getPercentile(50),
                            p.getStatistics().getPercentile(99));
                } else {
                    score = String.format("%.3f", p.getScore());
                }
                String ratio = "";
                String raw = "";
                if (peer.startsWith("loopcore") && !Double.isNaN(best)) {
                    ratio = String.format("%.2fx", higherIsBetter ? p.getScore() / best : best / p.getScore());
                    RunResult floor = find(rows, peer.equals("loopcore-spin") ? "jctools-spin" : "jctools-park");
                    if (floor != null) {
                        double f = floor.getPrimaryResult().getScore();
                        raw = String.format("%.2fx", higherIsBetter ? p.getScore() / f : f / p.getScore());
                    }
                }
                sb.append(String.format("| %s | %s | %s | %.3f | %s | %s | %s | %s |%n", e.getKey(), peer, score,
                        p.getScoreError(), p.getScoreUnit(), allocation(r), ratio, raw));
            }
        }
        sb.append("\nvs best library peer: loopcore's figure against the best of Disruptor, Agrona, Netty, the JDK"
                + " executor and Pekko in the same benchmark; vs raw JCTools: against the hand-written JCTools loop"
                + " of the same idle policy (park for the default, spin for loopcore-spin). >1 is better, for"
                + " throughput and for time alike.\n");
        return sb.toString();
    }

    private static RunResult find(List<RunResult> rows, String peer) {
        for (RunResult r : rows) if (peer.equals(peer(r))) return r;
        return null;
    }

    static String peer(RunResult r) {
        for (String key : new String[]{"peer", "via", "arg"}) {
            String v = r.getParams().getParam(key);
            if (v != null) return v;
        }
        return "";
    }

    static String allocation(RunResult r) {
        for (Map.Entry<String, Result> s : r.getSecondaryResults().entrySet()) {
            if (s.getKey().endsWith("gc.alloc.rate.norm")) {
                return String.format("%.2f", s.getValue().getScore());
            }
        }
        return "";
    }
}
