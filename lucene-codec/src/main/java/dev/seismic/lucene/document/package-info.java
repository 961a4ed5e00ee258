/**
 * The document side: {@link dev.seismic.lucene.document.SeismicVectorField} indexes a
 * learned-sparse vector, validated by {@link dev.seismic.lucene.document.SparseVector}, with its
 * build parameters ({@link dev.seismic.lucene.document.BuildParams}) carried as field-type
 * attributes.
 */
package dev.seismic.lucene.document;
