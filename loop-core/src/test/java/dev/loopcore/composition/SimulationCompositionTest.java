package dev.loopcore.composition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Contract 16 on the simulation (contract 15): random programs of 3-6 simulated loops — posts with
 * 0-3 arguments ({@code RefCounted} among them), calls with {@code then} or {@code await}, awaits nested
 * to depth 3, sync calls back into the waiting loop, delayed tasks (some cancelled), self-cancelling
 * repeating tasks, loops closed mid-flight by the driver and by tasks — each checked by
 * {@link Invariants} (contracts 1-9, 12, 15).
 *
 * <h2>Running</h2>
 * Default: seeds 1-1000 (about 2 s; the replay test runs seeds 1-60 twice). A failure prints the seed, the contracts broken, the program
 * and a one-line replay, e.g.
 * {@code mvn -B -pl loop-core test -Dtest=SimulationCompositionTest -Dcomposition.seed=1234}.
 * A longer campaign: {@code -Dcomposition.seeds=100000} (a count) or {@code -Dcomposition.seconds=600}
 * (wall time), from {@code -Dcomposition.firstSeed=N} (default 1); see {@link Campaign}.
 */
class SimulationCompositionTest {
    private static final long DEFAULT_SEEDS = 1000;
    private static final long DEFAULT_SECONDS = 30;
    private static final long REPLAYED_SEEDS = 60;

    @Test
    void randomProgramsKeepEveryContractOnTheSimulation() {
        Campaign campaign = Campaign.fromProperties(DEFAULT_SEEDS, DEFAULT_SECONDS);
        long start = System.nanoTime();
        for (Long seed; (seed = campaign.next()) != null; ) {
            SimulatedRun run = SimulatedRun.run(ProgramGenerator.generate(seed, true));
            if (!run.violations.isEmpty()) campaign.failed(getClass().getSimpleName(), "simulation", run.program, run.violations, run.events);
        }
        System.out.printf("simulation composition: %d programs in %d ms%n", campaign.ran(), (System.nanoTime() - start) / 1_000_000);
        System.out.println("exercised: " + SimulatedRun.TALLY);
        assertNull(campaign.summary(), campaign.summary());
    }

    @Test
    void theSameSeedReplaysTheSameTrace() {
        Campaign campaign = Campaign.fromProperties(REPLAYED_SEEDS, DEFAULT_SECONDS);
        for (Long seed; (seed = campaign.next()) != null; ) {
            Program p = ProgramGenerator.generate(seed, true);
            SimulatedRun first = SimulatedRun.run(p);
            SimulatedRun second = SimulatedRun.run(ProgramGenerator.generate(seed, true));
            assertEquals(p.toString(), second.program.toString(), "seed " + seed + " generated two different programs");
            assertEquals(first.trace, second.trace, "contract 15: seed " + seed + " gave two different traces; replay: "
                    + "mvn -B -pl loop-core test -Dtest=SimulationCompositionTest -Dcomposition.seed=" + seed + "\n" + p);
            assertEquals(first.violations, second.violations, "seed " + seed + " found different violations in two runs");
        }
    }
}
