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
 * forks: no -ea, no dev.loopcore.checks) next to the same read through a plain holder object (the
 * same two dependent loads, without the check).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConfinedCheck {
    /** A holder with Confined's shape (a loop field, a generic value), minus the check. */
    static final class Holder<T> {
        final Object loop;
        T value;

        Holder(Object loop, T value) {
            this.loop = loop;
            this.value = value;
        }

        T get() {
            return value;
        }
    }

    Confined<Integer> confined;
    Holder<Integer> plain;

    @Setup(Level.Trial)
    public void start() {
        DrivenLoop loop = MessageLoop.driven("confined-bench"); // never run: with checks off, get() never asks
        confined = Confined.to(loop, 7);
        plain = new Holder<>(loop, 7);
    }

    @Benchmark
    public Integer plainHolder() {
        return plain.get();
    }

    @Benchmark
    public Integer confinedGet() {
        return confined.get();
    }
}
