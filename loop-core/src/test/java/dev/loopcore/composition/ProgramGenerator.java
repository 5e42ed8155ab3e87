package dev.loopcore.composition;

import dev.loopcore.composition.Program.Call;
import dev.loopcore.composition.Program.Close;
import dev.loopcore.composition.Program.Delayed;
import dev.loopcore.composition.Program.LoopKind;
import dev.loopcore.composition.Program.Op;
import dev.loopcore.composition.Program.Post;
import dev.loopcore.composition.Program.Repeating;
import dev.loopcore.composition.Program.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a {@link Program} from a seed: 3-6 loops; posts with 0-3 arguments (some {@code RefCounted});
 * calls awaited or with {@code then}; awaits nested to depth 3, among them sync calls back into the
 * waiting loop; delayed tasks (0-5 ms, some cancelled at once); repeating tasks that cancel themselves;
 * loops closed by the driver and by tasks (their own loop or another).
 *
 * <p>The same seed gives the same program ({@link SplittableRandom}); on real threads at most one loop
 * is {@code BOUNDED}: two bounded loops whose tasks post to each other can fill each other's mailbox
 * and block both producers, a deadlock of the program, not of the library.
 */
final class ProgramGenerator {
    private static final int MAX_AWAIT_DEPTH = 3;
    private static final int MAX_NESTING = 4;

    private final SplittableRandom rnd;
    private final boolean simulated;
    private int nextId = 1;
    private int budget;
    private int closesLeft;
    private int loopCount;

    private ProgramGenerator(long seed, boolean simulated) {
        this.rnd = new SplittableRandom(seed);
        this.simulated = simulated;
    }

    static Program generate(long seed, boolean simulated) {
        return new ProgramGenerator(seed, simulated).program(seed);
    }

    private Program program(long seed) {
        loopCount = 3 + rnd.nextInt(4);
        List<LoopKind> kinds = new ArrayList<>();
        boolean bounded = false;
        for (int i = 0; i < loopCount; i++) {
            LoopKind k;
            if (simulated) {
                k = LoopKind.SIM;
            } else {
                LoopKind[] real = {LoopKind.UNBOUNDED, LoopKind.BOUNDED, LoopKind.POOL1, LoopKind.POOL2, LoopKind.DRIVEN};
                k = real[rnd.nextInt(real.length)];
                if (k == LoopKind.BOUNDED && bounded) k = LoopKind.UNBOUNDED;
                bounded |= k == LoopKind.BOUNDED;
            }
            kinds.add(k);
        }
        budget = 10 + rnd.nextInt(35);
        closesLeft = 1 + rnd.nextInt(Math.max(1, loopCount / 2));
        List<Op> driver = new ArrayList<>();
        int top = 3 + rnd.nextInt(8);
        for (int i = 0; i < top && budget > 0; i++) driver.add(op(-1, 0, 0, -1));
        return new Program(seed, List.copyOf(kinds), List.copyOf(driver), nextId - 1);
    }

    /**
     * One operation executed on loop {@code here} (-1: the driver) at nesting {@code depth}, inside
     * {@code awaits} awaited calls, the innermost awaited by a task of {@code waiting} (-1: none).
     */
    private Op op(int here, int depth, int awaits, int waiting) {
        budget--;
        int id = nextId++;
        int target = rnd.nextInt(loopCount);
        int roll = rnd.nextInt(100);
        boolean canAwait = awaits < MAX_AWAIT_DEPTH && depth < MAX_NESTING;
        if (here == -1) {
            if (simulated && roll < 10) return new Run(id, rnd.nextInt(6));
            if (roll < 16 && closesLeft > 0) {
                closesLeft--;
                return new Close(id, target, rnd.nextBoolean());
            }
        } else if (roll < 4 && closesLeft > 0) {
            closesLeft--;
            return new Close(id, rnd.nextBoolean() ? here : target, false); // from its own task, or another loop's
        }
        if (roll < 45) {
            int args = rnd.nextInt(4);
            int mask = args == 0 ? 0 : rnd.nextInt(1 << args);
            return new Post(id, target, args, mask, body(target, depth + 1, awaits, -1));
        }
        if (roll < 60 && canAwait && waiting >= 0) { // sync call back into the loop that awaits us
            return new Call(id, waiting, true, true, body(waiting, depth + 1, awaits + 1, here), List.of());
        }
        if (roll < 72 && canAwait) {
            return new Call(id, target, true, false, body(target, depth + 1, awaits + 1, here), List.of());
        }
        if (roll < 84) {
            List<Op> body = body(target, depth + 1, awaits, -1);
            return new Call(id, target, false, false, body, rnd.nextInt(3) == 0 ? List.of(leafPost()) : List.of());
        }
        if (roll < 95) {
            List<Op> body = rnd.nextBoolean() ? List.of(leafPost()) : List.of();
            return new Delayed(id, target, rnd.nextInt(6), rnd.nextInt(4) == 0, body);
        }
        return new Repeating(id, target, rnd.nextInt(4), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
    }

    private List<Op> body(int here, int depth, int awaits, int waiting) {
        if (depth >= MAX_NESTING || budget <= 0) return List.of();
        int n = rnd.nextInt(depth <= 1 ? 4 : 3);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n && budget > 0; i++) ops.add(op(here, depth, awaits, waiting));
        return List.copyOf(ops);
    }

    /** A post without a body: what callbacks and delayed tasks do (no awaits on a completing thread). */
    private Op leafPost() {
        budget--;
        int args = rnd.nextInt(4);
        return new Post(nextId++, rnd.nextInt(loopCount), args, args == 0 ? 0 : rnd.nextInt(1 << args), List.of());
    }
}
