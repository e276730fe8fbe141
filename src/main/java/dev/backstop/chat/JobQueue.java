package dev.backstop.chat;

/**
 * Jobs asked for from chat, queued so that any replica of the bot can run them: the replica that takes
 * one makes it again from its request ({@link ChatCommands#remake}) and posts its progress and result
 * where it was asked.
 */
@FunctionalInterface
public interface JobQueue {

    /**
     * Queues the job {@code remake} makes; {@code confirmed} when its requester already confirmed it;
     * {@code responseUrl} is where Slack takes answers when the bot cannot post in the channel (empty
     * when there is none). Returns at once; throws when the queue cannot take it.
     */
    void queue(Job.Remake remake, boolean confirmed, String responseUrl);
}
