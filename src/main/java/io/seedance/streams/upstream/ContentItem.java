package io.seedance.streams.upstream;

import java.util.Objects;

/** One item of a generation's {@code content}: the prompt text or a reference image. */
public sealed interface ContentItem {

    /** The prompt; refers to images as {@code @image1}.. in the order they appear. */
    record Text(String text) implements ContentItem {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A reference image, by URL. */
    record ImageUrl(String url) implements ContentItem {
        public ImageUrl {
            Objects.requireNonNull(url, "url");
        }
    }
}
