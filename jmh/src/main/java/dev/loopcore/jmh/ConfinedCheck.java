package dev.loopcore.jmh;

import dev.loopcore.Confined;
import dev.loopcore.DrivenLoop;
import dev.loopcore.MessageLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Contract 13, "checks off cost nothing measurable": {@code Confined.get()} (checks are off in these
 * forks: no -ea, no dev.loopcore.checks) next to a plain field read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConfinedCheck {
    Confined<Integer> confined;
    Integer plain;

    @Setup(Level.Trial)
    public void start() {
        DrivenLoop loop = MessageLoop.driven("confined-bench"); // never run: with checks off, get() never asks
        confined = Confined.to(loop, 7);
        plain = 7;
    }

    @Benchmark
    public Integer plainField() {
        return plain;
    }

    @Benchmark
    public Integer confinedGet() {
        return confined.get();
    }
}
