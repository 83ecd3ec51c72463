"""rag agent: GET /health/rag and POST /v1/documents, GET /v1/search?q=... .

Documents live in a persistent chromadb collection under CHROMA_DIR (default /data/chroma).
Embeddings come from sentence-transformers (EMBEDDING_MODEL, cached under /data/models).
"""
import os
import uuid

from agent_runtime import HttpError, Request, Response, serve

_collection = None


def collection():
    global _collection
    if _collection is None:
        import chromadb  # heavy: loaded on first use, not for /health
        from chromadb.utils import embedding_functions

        client = chromadb.PersistentClient(path=os.environ.get("CHROMA_DIR", "/data/chroma"))
        embed = embedding_functions.SentenceTransformerEmbeddingFunction(model_name=os.environ.get("EMBEDDING_MODEL", "all-MiniLM-L6-v2"))
        _collection = client.get_or_create_collection("documents", embedding_function=embed)
    return _collection


def add_document(request: Request) -> Response:
    text = request["body"].get("text")
    if not isinstance(text, str) or not text:
        raise HttpError(400, 'body must be {"text": "<string>"}')
    doc_id = str(uuid.uuid4())
    collection().add(ids=[doc_id], documents=[text])
    return 201, {"id": doc_id}


def search(request: Request) -> Response:
    query = request["query"].get("q")
    if not query:
        raise HttpError(400, "missing query parameter: q")
    found = collection().query(query_texts=[query], n_results=int(request["query"].get("k", "3")))
    return 200, {"ids": found["ids"][0], "documents": (found["documents"] or [[]])[0]}


if __name__ == "__main__":
    os.environ.setdefault("SENTENCE_TRANSFORMERS_HOME", "/data/models")
    serve("rag", {("POST", "/v1/documents"): add_document, ("GET", "/v1/search"): search})
