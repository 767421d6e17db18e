package io.quiesce.lifecycle.shutdown;

/**
 * The long-lived responses (Server-Sent Events and the like) as the sequence sees them: not in flight, so they never hold
 * the drain; told to end when it starts, so that their clients reconnect to a server that stays.
 */
public interface LongLivedStreams {

    LongLivedStreams NONE = new LongLivedStreams() {
        @Override
        public void beginDraining() {}

        @Override
        public int endAll() {
            return 0;
        }

        @Override
        public int open() {
            return 0;
        }

        @Override
        public long endedOnJoin() {
            return 0;
        }
    };

    /** From the first signal on, a stream that joins is ended as soon as it has answered (it would be cut anyway). */
    void beginDraining();

    /** Tells every open stream to end; returns how many were told. */
    int endAll();

    /** Streams whose responses have not ended yet. */
    int open();

    /** Streams that joined after the signal and were ended at once. */
    long endedOnJoin();
}
