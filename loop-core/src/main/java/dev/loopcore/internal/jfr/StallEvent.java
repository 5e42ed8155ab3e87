package dev.loopcore.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A task ran longer than its loop's stall threshold; committed once per task by the watchdog thread. */
@Name("dev.loopcore.Stall")
@Label("Loop Stall")
@Category("loopcore")
@Description("A task has run longer than its loop's stall threshold")
@StackTrace(false) // the committing thread is the watchdog: the loop thread's stack is in 'stack'
public final class StallEvent extends jdk.jfr.Event {
    @Label("Loop")
    public String loop;
    @Label("Task")
    @Description("What runs: the task's class, or the proxy target's type and the method reference")
    public String task;
    @Label("Thread")
    public String thread;
    @Label("Running For")
    @Description("How long the task had run when it was reported (at least)")
    @Timespan(Timespan.NANOSECONDS)
    public long runningFor;
    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    public long threshold;
    @Label("Stack")
    @Description("The loop thread's stack when the stall was reported")
    public String stack;
}
