/** loopcore's proxy layer: objects that live on a loop, called from anywhere. */
module dev.loopcore.proxy {
    requires transitive dev.loopcore;

    exports dev.loopcore.proxy;
}
