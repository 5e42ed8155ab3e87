package dev.loopcore.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** An await would have closed a cycle of the wait-for graph and threw DeadlockException instead. */
@Name("dev.loopcore.Deadlock")
@Label("Loop Deadlock Avoided")
@Category("loopcore")
@Description("An await would have closed a cycle of waiting loops; it threw DeadlockException instead")
public final class DeadlockEvent extends jdk.jfr.Event {
    @Label("Loop")
    @Description("The loop whose await would have closed the cycle")
    public String loop;
    @Label("Cycle")
    @Description("The loops of the cycle in wait-for order: A -> B -> A")
    public String cycle;
}
