package io.github.ltxkit.replica.s3;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one page of a ListObjectsV2 answer ({@code ListBucketResult}): each object's key, size and last-modified
 * time, and whether another page follows. Only the elements ltxkit uses are read; the rest are skipped. DTDs and
 * external entities are refused. Immutable after construction, and thread-safe: each parse makes its own reader.
 */
final class ListingXml {
    private final XMLInputFactory factory;

    /** Configures the JDK's own StAX implementation (found without scanning the class path for another). */
    ListingXml() {
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    }

    /** One listed object. */
    record ListedObject(String key, long size, Instant lastModified) {
    }

    /**
     * One page of a listing.
     *
     * @param objects   the objects of the page, in the server's order
     * @param nextToken the continuation token of the next page, or {@code null} if this is the last page
     */
    record Page(List<ListedObject> objects, String nextToken) {
    }

    /**
     * Parses a page.
     *
     * @throws XMLStreamException       if the document is not a well-formed listing (e.g. a body cut short)
     * @throws IllegalArgumentException if an object's size or time cannot be read, naming the object
     */
    Page parse(InputStream in) throws XMLStreamException {
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        try {
            List<ListedObject> objects = new ArrayList<>();
            boolean truncated = false;
            String token = null;
            int depth = 0;
            boolean root = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = xml.getLocalName();
                    if (depth == 1) {
                        if (!name.equals("ListBucketResult")) {
                            throw new XMLStreamException("expected a ListBucketResult, found <" + name + ">");
                        }
                        root = true;
                    } else if (depth == 2) {
                        switch (name) {
                            case "Contents" -> {
                                objects.add(contents(xml));
                                depth--;
                            }
                            case "IsTruncated" -> {
                                truncated = Boolean.parseBoolean(xml.getElementText().trim());
                                depth--;
                            }
                            case "NextContinuationToken" -> {
                                token = xml.getElementText();
                                depth--;
                            }
                            default -> {
                                skip(xml);
                                depth--;
                            }
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (!root) {
                throw new XMLStreamException("the answer has no ListBucketResult");
            }
            if (truncated && (token == null || token.isEmpty())) {
                throw new XMLStreamException("the listing is truncated but has no NextContinuationToken");
            }
            return new Page(List.copyOf(objects), truncated ? token : null);
        } finally {
            xml.close();
        }
    }

    /** Reads a {@code <Contents>} element, the reader on its start; leaves the reader on its end. */
    private static ListedObject contents(XMLStreamReader xml) throws XMLStreamException {
        String key = null;
        String size = null;
        String modified = null;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "Key" -> key = xml.getElementText();
                case "Size" -> size = xml.getElementText().trim();
                case "LastModified" -> modified = xml.getElementText().trim();
                default -> skip(xml);
            }
        }
        if (key == null || size == null || modified == null) {
            throw new XMLStreamException("a listed object lacks its Key, Size or LastModified (key " + key + ")");
        }
        try {
            return new ListedObject(key, Long.parseLong(size), Instant.parse(modified));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("listed object '" + key + "' has an unreadable Size or "
                    + "LastModified: " + size + ", " + modified, e);
        }
    }

    /** Skips the element the reader is on the start of, with everything inside; leaves the reader on its end. */
    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
