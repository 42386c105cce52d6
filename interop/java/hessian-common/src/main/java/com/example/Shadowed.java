package com.example;

/** Declares a field with the same name as one in its superclass. */
public class Shadowed extends BaseEntity {
    private static final long serialVersionUID = 1L;
    private String label;

    public Shadowed() {}

    public Shadowed(long id, String parentLabel, String childLabel) {
        this.id = id; super.label = parentLabel; this.label = childLabel;
    }
}
