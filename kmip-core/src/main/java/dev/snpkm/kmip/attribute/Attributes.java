package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KmipEnum;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An ordered, immutable list of attributes: the 2.x Attributes structure, and what a 1.x Template-Attribute or a list
 * of Attribute structures maps to.
 *
 * @param templateNames a 1.x Template-Attribute's Name fields: the Names of registered Template objects whose
 *     attributes the request applies (KMIP 1.4 §2.1.8); always empty in 2.x, which removed Template objects
 */
public record Attributes(List<Attribute> list, List<Name> templateNames) {
    public static final Attributes EMPTY = new Attributes(List.of());

    public Attributes {
        list = List.copyOf(list);
        templateNames = List.copyOf(templateNames);
    }

    public Attributes(List<Attribute> list) {
        this(list, List.of());
    }

    public static Attributes of(Attribute... attributes) {
        return new Attributes(Arrays.asList(attributes));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    // Plain loops, not streams: a Get looks up a dozen attributes by name, and the stream pipelines were a visible
    // share of its time.
    public Optional<Attribute> first(String name) {
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public List<Attribute> all(String name) {
        List<Attribute> out = new ArrayList<>();
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                out.add(a);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The first value of this name if it is of the given typed kind (e.g. Name.class). */
    public <V extends AttributeValue> Optional<V> value(String name, Class<V> kind) {
        return first(name).map(Attribute::value).filter(kind::isInstance).map(kind::cast);
    }

    public Optional<Integer> integer(String name) {
        return item(name, Ttlv.IntegerItem.class).map(Ttlv.IntegerItem::value);
    }

    public Optional<String> text(String name) {
        return item(name, Ttlv.TextString.class).map(Ttlv.TextString::value);
    }

    public <E extends Enum<E> & KmipEnum> Optional<EnumCode<E>> enumeration(String name, Class<E> type) {
        return item(name, Ttlv.Enumeration.class).map(e -> EnumCode.of(type, e.value()));
    }

    public <T extends Ttlv> Optional<T> item(String name, Class<T> type) {
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                return a.value() instanceof ItemValue iv && type.isInstance(iv.item())
                        ? Optional.of(type.cast(iv.item()))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public Attributes with(Attribute attribute) {
        List<Attribute> out = new ArrayList<>(list);
        out.add(attribute);
        return new Attributes(out, templateNames);
    }

    public Attributes without(String name) {
        return new Attributes(list.stream().filter(a -> !a.name().equals(name)).toList(), templateNames);
    }

    /** These attributes without the Template references (once the server applied them). */
    public Attributes withoutTemplateNames() {
        return new Attributes(list);
    }
}
