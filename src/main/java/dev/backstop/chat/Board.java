package dev.backstop.chat;

/** Where a job's messages go: a Slack channel, or the terminal. */
public interface Board {

    /** Shows {@code reply} as a new message and returns a handle to change it later. */
    Posted post(Reply reply);

    /** A message already shown. */
    interface Posted {

        /** Replaces the message's content with {@code reply} (or shows the change, where replacing is impossible). */
        void update(Reply reply);

        /** Shows the job's final result; by default the same as {@link #update}. */
        default void finish(Reply reply) {
            update(reply);
        }
    }
}
