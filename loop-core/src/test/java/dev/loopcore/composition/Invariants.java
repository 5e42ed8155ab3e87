package dev.loopcore.composition;

import dev.loopcore.composition.EventLog.Event;
import dev.loopcore.composition.EventLog.Type;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a finished program's event log against the contracts (numbers as in SPEC.md / CONTRACTS.md).
 *
 * <ul>
 *   <li><b>2 Rejection</b>: an accepted post runs exactly once, a rejected one never; a post is
 *       rejected only once a {@code close()} of its target began, and always once one returned.</li>
 *   <li><b>1 Order</b>: messages (posts and calls) one task, or the driver, sent to one loop start in
 *       the order sent; a call awaited from its own target runs inline (contract 8) and is left out.</li>
 *   <li><b>6 Delayed tasks</b>: none starts before its delay on the loop clock, a one-shot runs at most
 *       once, {@code cancel()} true means it never runs (again); a repeating task's run starts no
 *       earlier than the previous run's end plus the period (fixed delay).</li>
 *   <li><b>3 Graceful close</b>: no delayed task starts after {@code close()} of its loop returned
 *       (strict on the simulation and for a close from the loop's own task; on real threads for
 *       another thread's close when the deadline lay after it: otherwise the task may have begun in
 *       the race); nothing of a loop starts after its {@code awaitTermination} returned true.</li>
 *   <li><b>7 Replies</b>: a call's body runs at most once, exactly once if the reply has a value and
 *       never if it was rejected; a {@code then} callback runs at most once, exactly once when its
 *       caller's loop was not closed before the program quiesced; LOOP_CLOSED only after a close of
 *       the target began; the value is the call's.</li>
 *   <li><b>8/9 Awaits</b>: every await returns or throws; it returns the value, or throws
 *       {@code DeadlockException} or {@code RejectedCallException(LOOP_CLOSED)}; a timeout on real
 *       threads is a hang. <b>15</b>: on the simulation, "stuck" ({@code IllegalStateException}) is
 *       reported for a wait that could finish (every call in these programs is run when accepted).</li>
 *   <li>Checks made while running (VIOLATION events): <b>5</b> identity in every task and callback,
 *       <b>12</b> arguments alive in their handler and released by a rejected post, <b>4</b> nothing
 *       thrown, and the runners' checks (quiescence, termination, reference counts at zero).</li>
 * </ul>
 */
final class Invariants {

    /** A broken contract. */
    record Violation(int contract, String what) {
        @Override
        public String toString() {
            return "contract " + contract + ": " + what;
        }
    }

    private final List<Event> events;
    private final boolean simulated;
    private final List<Violation> found = new ArrayList<>();
    private final Map<Integer, List<Event>> byId = new HashMap<>();
    private final Map<Integer, List<Event>> closes = new HashMap<>();
    private final Map<Integer, Event> terminated = new HashMap<>();
    private long quiescent = Long.MAX_VALUE;

    private Invariants(List<Event> events, boolean simulated) {
        this.events = events;
        this.simulated = simulated;
        for (Event e : events) {
            switch (e.type) {
                case CLOSE:
                    closes.computeIfAbsent(e.loop, k -> new ArrayList<>()).add(e);
                    break;
                case TERMINATED:
                    terminated.putIfAbsent(e.loop, e);
                    break;
                case QUIESCENT:
                    quiescent = Math.min(quiescent, e.seq);
                    break;
                case VIOLATION:
                    found.add(new Violation((int) e.extra, e.detail));
                    break;
                default:
                    byId.computeIfAbsent(e.id, k -> new ArrayList<>()).add(e);
            }
        }
    }

    static List<Violation> check(List<Event> events, boolean simulated, java.util.SortedMap<String, Long> tally) {
        tally(events, tally);
        return check(events, simulated);
    }

    static List<Violation> check(List<Event> events, boolean simulated) {
        Invariants c = new Invariants(events, simulated);
        c.postsRunOnceOrNever();
        c.orderPerProducer();
        c.delayedTasks();
        c.nothingAfterTermination();
        c.replies();
        return c.found;
    }

    /** What a run exercised, to show the generator reaches the features: counts by event type and outcome. */
    static void tally(List<Event> events, java.util.SortedMap<String, Long> into) {
        for (Event e : events) {
            String key = e.type.name();
            if (e.type == Type.POST || e.type == Type.CANCEL) key += e.flag ? " accepted/true" : " rejected/false";
            if (e.type == Type.AWAIT_END || e.type == Type.CALLBACK) key += " " + e.detail.replaceAll(":.*", "");
            if (e.type == Type.CLOSE) key += e.producer < 0 ? " by driver" : e.producer == e.loop ? " by own task" : " by other loop";
            into.merge(key, 1L, Long::sum);
        }
    }

    private List<Event> of(int id, Type t) {
        List<Event> out = new ArrayList<>();
        for (Event e : byId.getOrDefault(id, List.of())) if (e.type == t) out.add(e);
        return out;
    }

    private Event first(int id, Type t) {
        List<Event> l = of(id, t);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The earliest close of {@code loop} that had begun before {@code seq}, or null. */
    private Event closeBegunBefore(int loop, long seq) {
        for (Event c : closes.getOrDefault(loop, List.of())) if (c.begin < seq) return c;
        return null;
    }

    /** The earliest close of {@code loop} that had returned before {@code seq}, or null. */
    private Event closeEndedBefore(int loop, long seq) {
        for (Event c : closes.getOrDefault(loop, List.of())) if (c.seq < seq) return c;
        return null;
    }

    private void fail(int contract, String what) {
        found.add(new Violation(contract, what));
    }

    // contract 2
    private void postsRunOnceOrNever() {
        for (Event p : events) {
            if (p.type != Type.POST) continue;
            int runs = of(p.id, Type.RUN).size();
            if (p.flag && runs != 1) fail(2, "post #" + p.id + " to L" + p.loop + " was accepted and ran " + runs + " times");
            if (!p.flag && runs != 0) fail(2, "post #" + p.id + " to L" + p.loop + " was rejected and ran " + runs + " times");
            if (!p.flag && closeBegunBefore(p.loop, p.seq) == null) {
                fail(2, "post #" + p.id + " to L" + p.loop + " was rejected though no close() of L" + p.loop + " had begun");
            }
            Event c = closeEndedBefore(p.loop, p.begin);
            if (p.flag && c != null) {
                fail(2, "post #" + p.id + " to L" + p.loop + " began after close() of L" + p.loop + " returned (@" + c.seq + ") and was accepted");
            }
        }
    }

    // contract 1
    private void orderPerProducer() {
        Map<String, List<Event>> sent = new HashMap<>();
        for (Event e : events) {
            boolean post = e.type == Type.POST && e.flag;
            boolean call = e.type == Type.CALL && !inlineSelfCall(e);
            if (post || call) sent.computeIfAbsent(e.producer + "->" + e.loop, k -> new ArrayList<>()).add(e);
        }
        for (List<Event> msgs : sent.values()) {
            msgs.sort(Comparator.comparingLong(e -> e.begin));
            Event prev = null;
            Event prevRun = null;
            for (Event m : msgs) {
                Event run = first(m.id, Type.RUN);
                if (run == null) continue; // a rejected call: checked with the replies
                if (prevRun != null && run.seq < prevRun.seq) {
                    fail(1, "#" + m.id + " and #" + prev.id + " were sent in this order by "
                            + producer(m.producer) + " to L" + m.loop + " but started in the reverse order (@"
                            + run.seq + " before @" + prevRun.seq + ")");
                }
                prev = m;
                prevRun = run;
            }
        }
    }

    /** A call its target's own task awaits runs inline (contract 8), ahead of that task's earlier posts. */
    private boolean inlineSelfCall(Event call) {
        Event await = first(call.id, Type.AWAIT_BEGIN);
        return await != null && await.loop == call.loop;
    }

    private static String producer(long p) {
        if (p == 0) return "the driver";
        if (p >= 2_000_000L) return "delayed task #" + (p - 2_000_000L);
        if (p >= 1_000_000L) return "then callback of #" + (p - 1_000_000L);
        return "task #" + p;
    }

    // contracts 6 and 3
    private void delayedTasks() {
        for (Event s : events) {
            if (s.type != Type.TIMER_SCHEDULED) continue;
            boolean repeating = s.flag;
            List<Event> runs = of(s.id, repeating ? Type.TICK : Type.TIMER_RUN);
            List<Event> ends = of(s.id, Type.TICK_END);
            Event cancel = null;
            for (Event c : of(s.id, Type.CANCEL)) if (c.flag && cancel == null) cancel = c;
            if (!repeating && runs.size() > 1) fail(6, "delayed task #" + s.id + " ran " + runs.size() + " times");
            if ((runs.isEmpty() || repeating) && cancel == null && closeEndedBefore(s.loop, quiescent) == null) {
                fail(6, (repeating ? "repeating task #" + s.id + " was never cancelled" : "delayed task #" + s.id + " neither ran nor was cancelled")
                        + " though L" + s.loop + " stayed open until the program quiesced");
            }
            for (int i = 0; i < runs.size(); i++) {
                Event r = runs.get(i);
                if (i == 0 && r.time - (s.time + s.extra) < 0) {
                    fail(6, (repeating ? "repeating" : "delayed") + " task #" + s.id + " on L" + s.loop + " started "
                            + (s.time + s.extra - r.time) + " ns before its delay of " + s.extra + " ns");
                }
                if (i > 0 && i - 1 < ends.size()) {
                    long earliest = ends.get(i - 1).time + Long.parseLong(s.detail);
                    if (r.time - earliest < 0) {
                        fail(6, "repeating task #" + s.id + " on L" + s.loop + " run " + r.extra + " started "
                                + (earliest - r.time) + " ns before the previous run's end plus the period (fixed delay)");
                    }
                }
                if (cancel != null && !repeating) fail(6, "delayed task #" + s.id + " ran though cancel() returned true");
                if (cancel != null && repeating && r.seq > cancel.seq) {
                    fail(6, "repeating task #" + s.id + " ran again (run " + r.extra + ") after cancel() returned true in run " + cancel.extra);
                }
                Event c = closeEndedBefore(s.loop, r.seq);
                if (c != null && (simulated || c.producer == s.loop || s.begin > c.seq
                        || (s.time + s.extra) - c.time > 0)) {
                    fail(3, (repeating ? "repeating" : "delayed") + " task #" + s.id + " started on L" + s.loop
                            + " after close() of L" + s.loop + " returned (@" + c.seq + ", run @" + r.seq + ")");
                }
            }
        }
    }

    // contract 3
    private void nothingAfterTermination() {
        for (Event e : events) {
            if (e.type != Type.RUN && e.type != Type.TIMER_RUN && e.type != Type.TICK && e.type != Type.CALLBACK) continue;
            Event t = terminated.get(e.loop);
            if (t != null && e.seq > t.seq) {
                fail(3, e.type + " #" + e.id + " on L" + e.loop + " started after awaitTermination of L" + e.loop + " returned true");
            }
        }
    }

    // contracts 7, 8, 9, 15
    private void replies() {
        for (Event call : events) {
            if (call.type != Type.CALL) continue;
            int runs = of(call.id, Type.RUN).size();
            if (runs > 1) fail(7, "call #" + call.id + " ran " + runs + " times");
            Event await = first(call.id, Type.AWAIT_BEGIN);
            List<Event> outcomes = await != null ? of(call.id, Type.AWAIT_END) : of(call.id, Type.CALLBACK);
            if (await != null && outcomes.isEmpty()) {
                fail(8, "the await of call #" + call.id + " by " + (await.loop < 0 ? "the driver" : "L" + await.loop) + " never returned");
            }
            if (await == null && outcomes.size() > 1) fail(7, "then callback of call #" + call.id + " ran " + outcomes.size() + " times");
            for (Event o : outcomes) {
                String out = o.detail;
                if (out.equals("value")) {
                    if (runs != 1) fail(7, "call #" + call.id + " replied a value but its body ran " + runs + " times");
                } else if (out.startsWith("RejectedCallException(LOOP_CLOSED)")) {
                    if (runs != 0) fail(2, "call #" + call.id + " was rejected but its body ran");
                    if (closeBegunBefore(call.loop, o.seq) == null) {
                        fail(2, "call #" + call.id + " to L" + call.loop + " was rejected though no close() of L" + call.loop + " had begun");
                    }
                } else if (out.startsWith("DeadlockException")) {
                    if (await == null) fail(7, "call #" + call.id + " (then) failed with " + out);
                } else if (out.startsWith("ReplyTimeoutException")) {
                    fail(8, "the await of call #" + call.id + " hung: " + out);
                } else if (out.startsWith("IllegalStateException") && simulated) {
                    fail(15, "the simulation reported the await of call #" + call.id + " stuck: " + out);
                } else {
                    fail(7, "call #" + call.id + " to L" + call.loop + " had the unexpected outcome " + out);
                }
            }
            int caller = (int) call.extra;
            if (await == null && outcomes.isEmpty() && (caller < 0 || closeEndedBefore(caller, quiescent) == null)) {
                fail(7, "then callback of call #" + call.id + " to L" + call.loop + " never ran though its caller ("
                        + (caller < 0 ? "the driver" : "L" + caller) + ") was not closed before the program quiesced");
            }
        }
    }
}
