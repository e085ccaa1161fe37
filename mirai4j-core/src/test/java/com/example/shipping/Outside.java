package com.example.shipping;

import java.io.Serializable;

/** A host-only class outside the org.mirai4j packages, for class shipping's allow list. */
public record Outside(int value) implements Serializable {}
