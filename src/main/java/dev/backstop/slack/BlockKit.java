package dev.backstop.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.backstop.chat.Reply;
import java.util.ArrayList;
import java.util.List;

/** Renders a neutral {@link Reply} as Block Kit: a mrkdwn section, and the detail as a preformatted section. */
final class BlockKit {

    static final String CONFIRM = "backstop.confirm";
    static final String CANCEL = "backstop.cancel";

    private static final int SECTION_LIMIT = 2900;

    private BlockKit() {
    }

    static List<LayoutBlock> blocks(Reply reply) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(clip(reply.text())))));
        if (!reply.detail().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("```" + clip(reply.detail()) + "```"))));
        }
        return blocks;
    }

    /** The question, then a primary {@code label} button and a Cancel button that carry {@code id}. */
    static List<LayoutBlock> question(Reply question, String label, String id) {
        List<LayoutBlock> blocks = blocks(question);
        blocks.add(actions(a -> a.blockId("backstop.confirmation").elements(List.of(
                button(b -> b.actionId(CONFIRM).text(plainText(label)).style("primary").value(id)),
                button(b -> b.actionId(CANCEL).text(plainText("Cancel")).value(id))))));
        return blocks;
    }

    private static String clip(String text) {
        return text.length() <= SECTION_LIMIT ? text : text.substring(0, SECTION_LIMIT) + "\n…";
    }
}
