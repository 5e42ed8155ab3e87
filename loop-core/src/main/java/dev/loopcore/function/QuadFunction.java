package dev.loopcore.function;

/** A four-argument function; the loop or proxy that runs it decides the thread. */
@FunctionalInterface
public interface QuadFunction<A, B, C, D, R> {
    R apply(A a, B b, C c, D d);
}
