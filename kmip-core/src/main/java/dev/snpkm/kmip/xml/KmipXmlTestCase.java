package dev.snpkm.kmip.xml;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Loads an OASIS KMIP test case (Profiles 2.1 §5.4): a {@code <KMIP>} document holding
 * Request and Response Messages in the order they are exchanged.
 */
public final class KmipXmlTestCase {
    private static final String ROOT = "KMIP";

    private KmipXmlTestCase() {}

    /** The messages with {@link Placeholders#standIns()} substituted. */
    public static List<Ttlv> load(Path file) throws IOException, KmipTextException {
        return load(file, Placeholders.standIns());
    }

    /** The messages, in file order, with placeholders resolved by {@code placeholders}. */
    public static List<Ttlv> load(Path file, Placeholders placeholders) throws IOException, KmipTextException {
        Element root;
        try (InputStream in = Files.newInputStream(file)) {
            root = SecureXmlParser.parse(in).getDocumentElement();
        }
        if (!root.getTagName().equals(ROOT)) {
            throw new KmipTextException(
                    file.getFileName().toString(), "document element is <" + root.getTagName() + ">, not <KMIP>");
        }
        XmlTreeReader reader = new XmlTreeReader(placeholders);
        List<Ttlv> messages = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            Element e = (Element) n;
            if (!e.getTagName().equals("RequestMessage") && !e.getTagName().equals("ResponseMessage")) {
                throw new KmipTextException(
                        file.getFileName() + " /KMIP/" + e.getTagName(),
                        "a test case holds only RequestMessage and ResponseMessage elements");
            }
            try {
                messages.add(reader.read(e));
            } catch (KmipTextException ex) {
                throw new KmipTextException(
                        file.getFileName() + " message " + (messages.size() + 1), ex.getMessage(), ex);
            }
        }
        return List.copyOf(messages);
    }
}
