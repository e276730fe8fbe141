package dev.backstop.chat;

/** Thrown while parsing a command that cannot run; carries the reply that says what was wrong. */
final class BadRequest extends RuntimeException {

    private final Reply reply;

    BadRequest(Reply reply) {
        super(reply.text(), null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }
}
