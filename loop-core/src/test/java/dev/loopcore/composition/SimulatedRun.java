package dev.loopcore.composition;

import dev.loopcore.MessageLoop;
import dev.loopcore.Simulation;
import dev.loopcore.composition.Invariants.Violation;

import java.time.Duration;
import java.util.List;

/**
 * Runs a program on a {@link Simulation} of its seed: the driver's operations, then the simulation until
 * idle (virtual time: {@link #QUIET} covers every delay a program uses), then every loop closed and run
 * until terminated; then the checks.
 */
final class SimulatedRun {
    /** Virtual time that outlasts every delay and period of a program. */
    private static final Duration QUIET = Duration.ofSeconds(60);

    /** Counts over every run of this JVM, printed by the tests. */
    static final java.util.SortedMap<String, Long> TALLY = new java.util.concurrent.ConcurrentSkipListMap<>();

    final Program program;
    final List<String> trace;
    final List<Violation> violations;

    final List<EventLog.Event> events;

    private SimulatedRun(Program program, List<String> trace, List<Violation> violations, List<EventLog.Event> events) {
        this.program = program;
        this.trace = trace;
        this.violations = violations;
        this.events = events;
    }

    static SimulatedRun run(Program p) {
        EventLog log = new EventLog();
        Interpreter in;
        List<String> trace;
        try (Simulation sim = Simulation.create(p.seed())) {
            MessageLoop[] loops = new MessageLoop[p.loops().size()];
            for (int i = 0; i < loops.length; i++) loops[i] = sim.newLoop("L" + i);
            in = new Interpreter(loops, log, sim);
            try {
                in.runDriver(p);
                sim.runFor(QUIET);
                in.noteTerminations();
                in.quiescedNow();
                in.checkRepliesDone();
                in.closeAll();
                sim.runFor(QUIET);
                in.noteTerminations();
                for (int i = 0; i < loops.length; i++) {
                    if (!loops[i].awaitTermination(Duration.ZERO)) log.violation(3, "L" + i + " closed but not terminated once the simulation was idle");
                }
            } catch (Throwable t) {
                log.violation(15, "driving the simulation threw " + Interpreter.describe(t));
            }
            trace = sim.trace();
        }
        RealThreadRun.checkRefs(in, log);
        List<EventLog.Event> events = log.snapshot();
        return new SimulatedRun(p, trace, Invariants.check(events, true, TALLY), events);
    }
}
