package dev.loopcore;

import dev.loopcore.internal.SimScheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A deterministic simulation for tests: many loops run on the calling thread, on virtual time, in an
 * order chosen by a seed.
 *
 * <h2>Summary</h2>
 * <pre>{@code
 * try (Simulation sim = Simulation.create(42)) {
 *     MessageLoop a = sim.newLoop("a"), b = sim.newLoop("b");
 *     Reply<Integer> r = a.call(() -> b.call(() -> 6 * 7).await());
 *     a.postDelayed(() -> System.out.println("a second later, virtually"), Duration.ofSeconds(1));
 *     assertEquals(42, r.await());          // runs the simulation until r is done
 *     sim.runUntilIdle();                   // runs the rest; virtual time jumps to the timer
 *     assertEquals(1_000_000_000L, sim.nanoTime());
 * }
 * }</pre>
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>Nothing runs until the simulation is driven ({@link #runUntilIdle}, {@link #runFor}, or
 *       {@link Reply#await()} on the creating thread). Every contract of {@link MessageLoop} holds for
 *       its loops; proxies, replies, nested awaits, deadlock detection and {@link RefCounted} handoff
 *       work unchanged.</li>
 *   <li>Same seed, same program: the same tasks run in the same order ({@link #trace()}), on every
 *       JDK. Different seeds explore different orders of the loops that may run.</li>
 *   <li>Virtual time moves only when nothing may run, to the next deadline; delayed tasks and
 *       {@code await(timeout)} use it, also for replies from real loops outside the simulation.</li>
 *   <li>A nested {@code await()} inside a simulated task runs, on every loop of the simulation, what
 *       the awaited call causes and what is queued ahead of it there, until the reply is done. When
 *       nothing may run and nothing is due it throws {@link IllegalStateException} naming the loops
 *       still waiting (bare, or as the cause of an outer call's failure), or {@link DeadlockException}
 *       for a cycle; it never hangs.</li>
 * </ul>
 * <h2>Not guaranteed</h2>
 * Races with real threads: messages posted from outside arrive when they arrive. A repeating delayed
 * task keeps {@link #runUntilIdle()} busy for ever: use {@link #runFor}.
 *
 * <p>Threading: driven by the thread that created it; its loops accept posts from any thread.
 */
public final class Simulation implements AutoCloseable {
    private final SimScheduler engine;

    private Simulation(long seed) {
        this.engine = new SimScheduler(seed);
    }

    /**
     * Creates a simulation driven by the calling thread.
     *
     * @param seed chooses the order in which loops that may run do run
     * @return the simulation, with no loops yet and virtual time 0
     */
    public static Simulation create(long seed) {
        return new Simulation(seed);
    }

    /**
     * Creates a serial, FIFO loop of this simulation; its tasks run only while the simulation is driven.
     *
     * @param name the loop's name, also what {@link #trace()} shows
     * @return the loop, ready for posts
     */
    public MessageLoop newLoop(String name) {
        return engine.newLoop(Objects.requireNonNull(name, "name"));
    }

    /**
     * Runs loops that may run (which one next: from the seed) and due delayed tasks, advancing virtual
     * time to the next deadline when nothing else may run, until nothing is left; returns how many
     * tasks, delayed tasks and callbacks ran.
     *
     * @return how many tasks, delayed tasks and callbacks ran
     */
    public int runUntilIdle() {
        return engine.run(false, 0L);
    }

    /**
     * As {@link #runUntilIdle()}, but stops once virtual time advanced by {@code d}.
     *
     * @param d how far virtual time may advance; not negative
     * @return how many tasks, delayed tasks and callbacks ran
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public int runFor(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) throw new IllegalArgumentException("d must not be negative: " + d);
        long nanos;
        try {
            nanos = Math.min(Long.MAX_VALUE / 4, d.toNanos());
        } catch (ArithmeticException overflow) {
            nanos = Long.MAX_VALUE / 4;
        }
        return engine.run(true, engine.nanoTime() + nanos);
    }

    /** {@return virtual now, in nanoseconds since the simulation was created} */
    public long nanoTime() {
        return engine.nanoTime();
    }

    /** {@return the seed this simulation was created with} */
    public long seed() {
        return engine.seed();
    }

    /**
     * {@return a copy of what ran so far, one line per step ({@code t=<virtual nanos> <loop name>})}
     * Compare two runs of a seed with it. Only the first 2^20 steps are recorded.
     */
    public List<String> trace() {
        return engine.trace();
    }

    /** Closes every loop of the simulation (contract 3) and runs them until they have terminated. */
    @Override
    public void close() {
        engine.close();
    }
}
