package org.unet4j;

import java.util.List;

/**
 * A piece of a message whose words depend on who reads it ({@link Naming}): a {@link Setting}, a
 * setting with its value ({@link Setting#is}), a command line's own wording of a step, or a whole
 * message ({@link InvalidInputException}). Arguments of {@link Naming#format} and
 * {@link InvalidInputException#of} that are phrases are rendered in the message's naming.
 */
@FunctionalInterface
public interface Phrase {
    /** The words of this phrase for {@code naming}. */
    String in(Naming naming);

    /**
     * This phrase with other words for a library caller, e.g. the command line's "with --resume RUN"
     * (a macro's "with resume=RUN") that a program reads as "by resuming it".
     */
    default Phrase inLibrary(String library) {
        return of(library, in(Naming.CLI), in(Naming.MACRO));
    }

    /**
     * This phrase on the command line only: the library and a macro read {@code elsewhere}, e.g. for
     * "'unet train --resume RUN'", a step that only the command line takes.
     */
    default Phrase cliOnly(String elsewhere) {
        return of(elsewhere, in(Naming.CLI), elsewhere);
    }

    /** A phrase that reads the same in every naming. */
    static Phrase plain(String text) {
        return of(text, text, text);
    }

    /** A phrase in the library's words and the command line's; a macro reads the library's. */
    static Phrase of(String library, String cli) {
        return of(library, cli, library);
    }

    /** A phrase in the words of each naming. */
    static Phrase of(String library, String cli, String macro) {
        return new Words(library, cli, macro);
    }

    /** {@code format} with its arguments, rendered in each naming ({@link Naming#format}). */
    static Phrase format(String format, Object... args) {
        return of(Naming.LIBRARY.format(format, args), Naming.CLI.format(format, args), Naming.MACRO.format(format, args));
    }

    /** The phrases with {@code separator} between them, in each naming. */
    static Phrase join(String separator, List<? extends Phrase> parts) {
        String[] texts = new String[Naming.values().length];
        for (Naming n : Naming.values()) {
            texts[n.ordinal()] = String.join(separator, parts.stream().map(p -> p.in(n)).toList());
        }
        return of(texts[Naming.LIBRARY.ordinal()], texts[Naming.CLI.ordinal()], texts[Naming.MACRO.ordinal()]);
    }

    /**
     * A phrase rendered once per naming: its three texts.
     *
     * @param library the text for {@link Naming#LIBRARY}
     * @param cli the text for {@link Naming#CLI}
     * @param macro the text for {@link Naming#MACRO}
     */
    record Words(String library, String cli, String macro) implements Phrase {
        /** Refuses a missing text. */
        public Words {
            if (library == null || cli == null || macro == null) {
                throw new IllegalArgumentException("a phrase needs a text for every naming");
            }
        }

        @Override
        public String in(Naming naming) {
            return switch (naming) {
                case LIBRARY -> library;
                case CLI -> cli;
                case MACRO -> macro;
            };
        }

        @Override
        public String toString() {
            return library;
        }
    }
}
