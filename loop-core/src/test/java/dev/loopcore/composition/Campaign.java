package dev.loopcore.composition;

import dev.loopcore.composition.Invariants.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which seeds a composition test runs, from system properties, and how a failure reads.
 *
 * <ul>
 *   <li>{@code -Dcomposition.seed=N}: only seed N (the replay of a failure); its failure report adds the
 *       event log. {@code -Dcomposition.repeat=K} runs it K times (real threads: another interleaving each time).</li>
 *   <li>{@code -Dcomposition.seeds=N}: N seeds (a longer campaign; each test has its default).</li>
 *   <li>{@code -Dcomposition.seconds=S}: run seeds until S seconds have passed (wall time).</li>
 *   <li>{@code -Dcomposition.firstSeed=N}: start at seed N (default 1), to explore new seeds.</li>
 * </ul>
 * With both {@code seeds} and {@code seconds}, whichever ends first ends the campaign.
 */
final class Campaign {
    static final int MAX_REPORTED = 3;

    private final long first;
    private final long count;
    private final long deadline;
    private final List<String> failures = new ArrayList<>();
    private long ran;

    private final boolean replay;

    private Campaign(long first, long count, long nanos, boolean replay) {
        this.replay = replay;
        this.first = first;
        this.count = count;
        this.deadline = System.nanoTime() + nanos;
    }

    /** The campaign the system properties ask for, else {@code defaultSeeds} within {@code defaultSeconds}. */
    static Campaign fromProperties(long defaultSeeds, long defaultSeconds) {
        String one = System.getProperty("composition.seed");
        if (one != null && !one.isBlank()) {
            return new Campaign(Long.parseLong(one.trim()), Long.getLong("composition.repeat", 1L), Long.MAX_VALUE / 4, true);
        }
        long seeds = Long.getLong("composition.seeds", System.getProperty("composition.seconds") != null ? Long.MAX_VALUE : defaultSeeds);
        long seconds = Long.getLong("composition.seconds", System.getProperty("composition.seeds") != null ? 24 * 3600 : defaultSeconds);
        return new Campaign(Long.getLong("composition.firstSeed", 1L), seeds, seconds * 1_000_000_000L, false);
    }

    /** The next seed to run, or null when the campaign is over (count, time, or enough failures). */
    Long next() {
        if (ran >= count || failures.size() >= MAX_REPORTED || (ran > 0 && System.nanoTime() - deadline > 0)) return null;
        long seed = replay ? first : first + ran;
        ran++;
        return seed;
    }

    long ran() {
        return ran;
    }

    List<String> failures() {
        return failures;
    }

    /** Records a failing program: seed, contracts, what broke, the one-line replay command, the program. */
    void failed(String testClass, String where, Program p, List<Violation> violations, List<EventLog.Event> events) {
        TreeSet<Integer> contracts = new TreeSet<>();
        for (Violation v : violations) contracts.add(v.contract());
        StringBuilder sb = new StringBuilder("composition seed ").append(p.seed()).append(" (").append(where)
                .append(") broke contract").append(contracts.size() > 1 ? "s " : " ").append(contracts).append(":\n");
        int shown = 0;
        for (Violation v : violations) {
            if (shown++ == 12) {
                sb.append("  ... and ").append(violations.size() - 12).append(" more\n");
                break;
            }
            sb.append("  ").append(v).append('\n');
        }
        sb.append("replay: mvn -B -pl loop-core test -Dtest=").append(testClass).append(" -Dcomposition.seed=").append(p.seed()).append('\n');
        sb.append(p);
        if (replay) {
            sb.append("event log:\n");
            for (EventLog.Event e : events) sb.append("  ").append(e).append('\n');
        }
        failures.add(sb.toString());
    }

    /** The failure message of the whole campaign, or null if every program kept every contract. */
    String summary() {
        if (failures.isEmpty()) return null;
        return failures.size() + " of " + ran + " programs broke a contract (stopped after " + MAX_REPORTED + ")\n\n"
                + String.join("\n", failures);
    }
}
