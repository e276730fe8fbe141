package dev.backstop.schedule;

import dev.backstop.core.SetAside;

/** What a sweep does with one database a restore set aside: {@code drop} it or keep it, and {@code why} in words. */
public record SetAsideVerdict(SetAside database, boolean drop, String why) {
}
