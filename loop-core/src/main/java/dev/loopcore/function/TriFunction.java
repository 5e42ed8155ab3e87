package dev.loopcore.function;

/** A three-argument function; the loop or proxy that runs it decides the thread. */
@FunctionalInterface
public interface TriFunction<A, B, C, R> {
    R apply(A a, B b, C c);
}
