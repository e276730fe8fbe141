package dev.backstop.schedule;

import java.io.Serializable;

/**
 * A backup, restore or drill asked for from chat, kept as the data of a one-time task so any replica
 * can run it: the command as typed (with anything resolved when it was asked, such as the backup id,
 * written into {@code text}), who asked, and where the answer goes ({@code channel}, and Slack's
 * {@code responseUrl} when the bot cannot post there; empty when there is none), whether the user
 * already confirmed it. {@code kind} and {@code database} name the job in the audit log if the replica
 * running it dies; {@code user} is the actor its backups are recorded by.
 */
public record ChatOrder(String command, String text, String user, String channel, String responseUrl,
                        boolean confirmed, String kind, String database) implements Serializable {
}
