package dev.backstop.approval;

import java.io.IOException;

/**
 * Where people see restore requests: each request's card, the chat message approvers vote on. The
 * sweep shows each request it ends by itself here, so the card no longer says {@code approved} or
 * {@code waiting} after the bot stopped or the request expired.
 */
public interface RequestCards {

    /**
     * Shows {@code request} as it now stands on its card, the chat message {@code messageRef}. A request
     * whose card was never posted ({@code messageRef} is {@code ""}) has nothing to update. Throws when the
     * card could not be updated; the request itself is unchanged.
     */
    void show(ApprovalRequest request, String messageRef) throws IOException;
}
