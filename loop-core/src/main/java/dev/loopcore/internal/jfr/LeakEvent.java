package dev.loopcore.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A sampled RefCounted became unreachable without being released (checks on; see the leak detector). */
@Name("dev.loopcore.Leak")
@Label("RefCounted Leak")
@Category("loopcore")
@Description("A RefCounted object became unreachable without being released")
@StackTrace(false) // committed by the cleaner thread: where it was created is in 'report'
public final class LeakEvent extends jdk.jfr.Event {
    @Label("Loop")
    @Description("The loop it was last handed off to, or empty if it never was")
    public String loop;
    @Label("Type")
    public String type;
    @Label("Report")
    @Description("Where it was created and last handed off")
    public String report;
}
