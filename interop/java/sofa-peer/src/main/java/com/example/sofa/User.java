package com.example.sofa;

import java.io.Serializable;
import java.util.Date;
import java.util.List;
import java.util.Objects;

public class User implements Serializable {
    private static final long serialVersionUID = 1L;

    private long id;
    private String name;
    private String email;
    private List<String> tags;
    private Date createdAt;
    private double score;

    public User() {
    }

    public User(long id, String name, String email, List<String> tags, Date createdAt, double score) {
        this.id = id;
        this.name = name;
        this.email = email;
        this.tags = tags;
        this.createdAt = createdAt;
        this.score = score;
    }

    public long getId() { return id; }
    public void setId(long id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public List<String> getTags() { return tags; }
    public void setTags(List<String> tags) { this.tags = tags; }
    public Date getCreatedAt() { return createdAt; }
    public void setCreatedAt(Date createdAt) { this.createdAt = createdAt; }
    public double getScore() { return score; }
    public void setScore(double score) { this.score = score; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof User)) return false;
        User u = (User) o;
        return id == u.id && Double.compare(score, u.score) == 0 && Objects.equals(name, u.name)
                && Objects.equals(email, u.email) && Objects.equals(tags, u.tags)
                && Objects.equals(createdAt, u.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, email, tags, createdAt, score);
    }

    @Override
    public String toString() {
        return "User{id=" + id + ", name=" + name + ", email=" + email + ", tags=" + tags
                + ", createdAt=" + (createdAt == null ? null : createdAt.getTime()) + ", score=" + score + "}";
    }
}
