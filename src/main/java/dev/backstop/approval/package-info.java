/** The two-person rule that guards restores of production databases. */
package dev.backstop.approval;
