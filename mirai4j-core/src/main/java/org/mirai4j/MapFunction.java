package org.mirai4j;

import java.io.Serializable;

/**
 * The function applied to each item by {@link Mirai#map(java.util.List, MapFunction)}
 * (R: the {@code .f} of {@code mirai_map()}).
 *
 * @param <X> the item type
 * @param <T> the result type
 */
@FunctionalInterface
public interface MapFunction<X, T> extends Serializable {
  /**
   * Applies the function to one item, on a daemon.
   *
   * @param item one element of the mapped list
   * @return the value for this item
   * @throws Exception any failure, which reaches the host as a {@link MiraiError}
   */
  T apply(X item) throws Exception;
}
