package dev.loopcore.composition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Contract 16 on real threads, for races: random programs (see {@link ProgramGenerator}) over loops of
 * every kind — own thread with an {@code UNBOUNDED} or a 4-slot {@code BOUNDED} mailbox, loops of
 * 1- and 2-thread {@link dev.loopcore.LoopPool}s, {@link dev.loopcore.DrivenLoop}s run by a helper
 * thread — each checked by {@link Invariants} (contracts 1-9, 12). Every wait is bounded
 * ({@link Interpreter#BOUND}); a wait that reaches its bound is reported as a hang.
 *
 * <h2>Running</h2>
 * Default: seeds from 1 for 20 s of wall time. A failure prints the seed, the contracts broken, the
 * program and a one-line replay, e.g.
 * {@code mvn -B -pl loop-core test -Dtest=RealThreadCompositionTest -Dcomposition.seed=1234} (the
 * same program; the interleaving is the machine's, so a race may need the seed run a few times, or a
 * campaign from it). A longer campaign: {@code -Dcomposition.seconds=600} or
 * {@code -Dcomposition.seeds=N}, from {@code -Dcomposition.firstSeed=N}; see {@link Campaign}.
 */
class RealThreadCompositionTest {
    private static final long DEFAULT_SECONDS = 20;

    @Test
    void randomProgramsKeepEveryContractOnRealThreadsAndPools() throws InterruptedException {
        Campaign campaign = Campaign.fromProperties(Long.MAX_VALUE, DEFAULT_SECONDS);
        long start = System.nanoTime();
        for (Long seed; (seed = campaign.next()) != null; ) {
            RealThreadRun run = RealThreadRun.run(ProgramGenerator.generate(seed, false));
            if (!run.violations.isEmpty()) campaign.failed(getClass().getSimpleName(), "real threads", run.program, run.violations, run.events);
        }
        System.out.printf("real-thread composition: %d programs in %d ms%n", campaign.ran(), (System.nanoTime() - start) / 1_000_000);
        System.out.println("exercised: " + RealThreadRun.TALLY);
        assertNull(campaign.summary(), campaign.summary());
    }
}
