package org.unet4j.bioimageio;

import java.util.regex.Pattern;

/**
 * An author of a model ({@code authors[i]}, also {@code weights.*.authors}).
 *
 * @param name the name
 * @param affiliation the affiliation, or null
 * @param orcid the ORCID iD in groups of four ({@code 0000-0002-1825-0097}), or null
 */
public record Author(String name, String affiliation, String orcid) {
    private static final Pattern ORCID = Pattern.compile("\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]");

    /** @throws IllegalArgumentException if the name is blank or the ORCID iD malformed */
    public Author {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an author needs a name");
        }
        if (orcid != null && !ORCID.matcher(orcid).matches()) {
            throw new IllegalArgumentException("ORCID iD '" + orcid + "' of " + name
                    + " is not four groups of four digits, e.g. 0000-0002-1825-0097");
        }
    }

    /** An author with a name only. */
    public static Author named(String name) {
        return new Author(name, null, null);
    }
}
