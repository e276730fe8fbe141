package dev.backstop.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import dev.backstop.chat.Reply;
import java.util.ArrayList;
import java.util.List;

/** Renders a neutral {@link Reply} as Block Kit: a mrkdwn section, and the detail as a preformatted section. */
final class BlockKit {

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

    private static String clip(String text) {
        return text.length() <= SECTION_LIMIT ? text : text.substring(0, SECTION_LIMIT) + "\n…";
    }
}
