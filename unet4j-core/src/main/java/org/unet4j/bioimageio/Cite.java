package org.unet4j.bioimageio;

import java.util.regex.Pattern;

/**
 * A reference that users of the model should cite ({@code cite[i]}): a text with a DOI or a URL.
 *
 * @param text the citation text
 * @param doi the DOI ({@code 10.xxxx/...}), or null
 * @param url an http(s) URL, or null
 */
public record Cite(String text, String doi, String url) {
    private static final Pattern DOI = Pattern.compile("10\\.[0-9]{4}.+");

    /** The U-Net paper, cited by every unet4j export. */
    public static final Cite UNET = new Cite("Ronneberger, O., Fischer, P., Brox, T. U-Net: Convolutional Networks"
            + " for Biomedical Image Segmentation. MICCAI 2015.", "10.1007/978-3-319-24574-4_28", null);

    /** @throws IllegalArgumentException if the text is blank, both DOI and URL are missing, or the DOI is malformed */
    public Cite {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a citation needs a text");
        }
        if (doi == null && url == null) {
            throw new IllegalArgumentException("citation '" + text + "' needs a doi or a url");
        }
        if (doi != null && !DOI.matcher(doi).matches()) {
            throw new IllegalArgumentException("DOI '" + doi + "' does not start with 10.NNNN");
        }
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("citation URL '" + url + "' is not an http(s) URL");
        }
    }
}
