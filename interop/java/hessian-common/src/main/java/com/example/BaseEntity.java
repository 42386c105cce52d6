package com.example;

import java.io.Serializable;
import java.util.Date;

public class BaseEntity implements Serializable {
    private static final long serialVersionUID = 1L;
    protected long id;
    protected Date created;
    protected String label;
    private transient String cache = "not-serialized";
    public static String STATIC_FIELD = "not-serialized";

    public BaseEntity() {}
}
