package com.example;

import java.io.Serializable;
import java.util.Date;
import java.util.List;

public class User implements Serializable {
    private static final long serialVersionUID = 1L;
    private long id;
    private String name;
    private String email;
    private List<String> tags;
    private Date createdAt;
    private double score;

    public User() {}

    public User(long id, String name, String email, List<String> tags, Date createdAt, double score) {
        this.id = id; this.name = name; this.email = email; this.tags = tags; this.createdAt = createdAt; this.score = score;
    }
}
