package dev.loopcore;

import dev.loopcore.internal.Checks;

import java.util.Objects;

/**
 * A value that only one loop may touch. With checks on ({@code -Ddev.loopcore.checks=true} or
 * {@code -ea}), {@link #get()} and {@link #set(Object)} off that loop throw {@link WrongLoopException};
 * with checks off they are a plain field access.
 *
 * <p>Threading: only the owning loop's tasks may call {@link #get()} and {@link #set(Object)}.
 *
 * @param <T> the value's type
 */
public final class Confined<T> {
    private final MessageLoop loop;
    private T value;

    private Confined(MessageLoop loop, T value) {
        this.loop = loop;
        this.value = value;
    }

    /**
     * Confines a value to {@code loop}. May be called from any thread; hand the result to the loop as any
     * other data (a post publishes it to the loop's tasks).
     *
     * @param <T>   the value's type
     * @param loop  the only loop whose tasks may touch the value
     * @param value the initial value; may be null
     * @return the confined value
     */
    public static <T> Confined<T> to(MessageLoop loop, T value) {
        return new Confined<>(Objects.requireNonNull(loop, "loop"), value);
    }

    /** {@return the loop whose tasks may touch the value} Any thread may call this. */
    public MessageLoop loop() {
        return loop;
    }

    /**
     * Reads the value; only on the owning loop.
     *
     * @return the current value
     * @throws WrongLoopException with checks on, if the calling thread is not running the owning loop
     */
    public T get() {
        if (Checks.ENABLED) loop.checkCurrent();
        return value;
    }

    /**
     * Replaces the value; only on the owning loop. Later tasks of that loop see it.
     *
     * @param value the new value; may be null
     * @throws WrongLoopException with checks on, if the calling thread is not running the owning loop
     */
    public void set(T value) {
        if (Checks.ENABLED) loop.checkCurrent();
        this.value = value;
    }
}
