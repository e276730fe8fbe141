package dev.backstop.wiring;

import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Job;
import dev.backstop.schedule.ChatOrder;

/** A job asked for in chat as the data of its one-time task in the job table, and back. */
public final class ChatOrders {

    private ChatOrders() {
    }

    /** The task data of the job {@code remake} makes; see {@link ChatOrder}. */
    public static ChatOrder order(Job.Remake remake, boolean confirmed, String responseUrl) {
        ChatRequest request = remake.request();
        return new ChatOrder(request.command(), request.text(), request.user(), request.channel(), responseUrl,
                confirmed, remake.kind(), remake.database());
    }

    /** The job a task's data asks for. */
    public static Job.Remake remake(ChatOrder order) {
        return new Job.Remake(new ChatRequest(order.command(), order.text(), order.user(), order.channel()),
                order.kind(), order.database());
    }
}
