package dev.loopcore.composition;

import java.util.List;

/**
 * A small random program as data: which loops exist and what the driver thread does, each operation a
 * tree whose children run inside the task it creates. Generated first ({@link ProgramGenerator}),
 * printed on failure ({@link #toString()}), executed by {@link Interpreter}.
 *
 * <p>Every operation has an id unique in the program; each operation executes at most once (a body
 * runs once, a repeating task has no body), so an id names one message, one call or one timer in the
 * event log.
 */
record Program(long seed, List<LoopKind> loops, List<Op> driver, int size) {

    /** How a loop of the program is made. */
    enum LoopKind {
        /** {@code sim.newLoop}. */
        SIM,
        /** {@code MessageLoop.builder(..).start()}, unbounded mailbox. */
        UNBOUNDED,
        /** {@code MessageLoop.builder(..).mailbox(BOUNDED).capacity(4).start()}. */
        BOUNDED,
        /** A loop of a 1-thread {@code LoopPool}. */
        POOL1,
        /** A loop of a 2-thread {@code LoopPool}. */
        POOL2,
        /** A {@code DrivenLoop} run by a helper thread in {@code runUntilClosed()}. */
        DRIVEN
    }

    /** One operation, executed by the driver thread (loop -1) or inside a task of some loop. */
    interface Op {
        int id();
    }

    /** {@code post} with {@code args} arguments, those whose bit is set in {@code refMask} {@code RefCounted}. */
    record Post(int id, int target, int args, int refMask, List<Op> body) implements Op { }

    /**
     * {@code call}; then {@code await()} (bounded on real threads) if {@code await}, else {@code then}
     * with {@code onValue} running {@code thenBody} on the caller's loop. {@code syncBack}: the target
     * is the loop whose task awaits the enclosing call (a sync call back into the waiting loop).
     */
    record Call(int id, int target, boolean await, boolean syncBack, List<Op> body, List<Op> thenBody) implements Op { }

    /** {@code postDelayed(delayMs)}; {@code cancel()} right after if {@code cancel}. */
    record Delayed(int id, int target, int delayMs, boolean cancel, List<Op> body) implements Op { }

    /** {@code postRepeating(initialMs, periodMs)}; the task cancels itself on its run {@code cancelOnRun}. */
    record Repeating(int id, int target, int initialMs, int periodMs, int cancelOnRun) implements Op { }

    /** {@code close()} of {@code target}; by the driver, then {@code awaitTermination} if {@code awaitTermination}. */
    record Close(int id, int target, boolean awaitTermination) implements Op { }

    /** Driver only, simulation only: {@code sim.runFor(ms)}, so that closes and posts land mid-flight. */
    record Run(int id, int ms) implements Op { }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("program seed=").append(seed).append(", ").append(size).append(" ops, loops:");
        for (int i = 0; i < loops.size(); i++) sb.append(" L").append(i).append('(').append(loops.get(i)).append(')');
        sb.append("\ndriver:\n");
        print(sb, driver, 1);
        return sb.toString();
    }

    private static void print(StringBuilder sb, List<Op> ops, int indent) {
        for (Op op : ops) {
            sb.append("  ".repeat(indent)).append('#').append(op.id()).append(' ');
            if (op instanceof Post) {
                Post p = (Post) op;
                sb.append("post L").append(p.target()).append(" args(");
                for (int i = 0; i < p.args(); i++) sb.append(i == 0 ? "" : ",").append((p.refMask() >> i & 1) != 0 ? "ref" : "int");
                sb.append(')');
                block(sb, p.body(), indent);
            } else if (op instanceof Call) {
                Call c = (Call) op;
                sb.append(c.syncBack() ? "sync call back L" : "call L").append(c.target()).append(c.await() ? " await" : " then");
                block(sb, c.body(), indent);
                if (!c.await() && !c.thenBody().isEmpty()) {
                    sb.append("  ".repeat(indent)).append("   onValue");
                    block(sb, c.thenBody(), indent);
                }
            } else if (op instanceof Delayed) {
                Delayed d = (Delayed) op;
                sb.append("postDelayed L").append(d.target()).append(' ').append(d.delayMs()).append("ms")
                        .append(d.cancel() ? " then cancel()" : "");
                block(sb, d.body(), indent);
            } else if (op instanceof Repeating) {
                Repeating r = (Repeating) op;
                sb.append("postRepeating L").append(r.target()).append(" initial ").append(r.initialMs())
                        .append("ms period ").append(r.periodMs()).append("ms, cancel() in run ").append(r.cancelOnRun()).append('\n');
            } else if (op instanceof Close) {
                Close c = (Close) op;
                sb.append("close L").append(c.target()).append(c.awaitTermination() ? " + awaitTermination" : "").append('\n');
            } else if (op instanceof Run) {
                sb.append("sim.runFor ").append(((Run) op).ms()).append("ms\n");
            }
        }
    }

    private static void block(StringBuilder sb, List<Op> body, int indent) {
        if (body.isEmpty()) {
            sb.append(" {}\n");
            return;
        }
        sb.append(" {\n");
        print(sb, body, indent + 1);
        sb.append("  ".repeat(indent)).append("}\n");
    }
}
