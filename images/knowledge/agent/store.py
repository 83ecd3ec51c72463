"""Notes in SQLite (SQLAlchemy) with a Whoosh full-text index beside them."""
import os

from sqlalchemy import Integer, String, Text, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class NoteStore:
    def __init__(self, db_path: str, index_dir: str) -> None:
        self.engine = create_engine(f"sqlite:///{db_path}")
        Base.metadata.create_all(self.engine)
        os.makedirs(index_dir, exist_ok=True)
        schema = Schema(id=ID(stored=True, unique=True), title=TEXT, body=TEXT)
        self.index = index.open_dir(index_dir) if index.exists_in(index_dir) else index.create_in(index_dir, schema)

    def add(self, title: str, body: str) -> int:
        with Session(self.engine) as session:
            note = Note(title=title, body=body)
            session.add(note)
            session.commit()
            note_id = note.id
        with self.index.writer() as writer:
            writer.update_document(id=str(note_id), title=title, body=body)
        return note_id

    def search(self, text: str, limit: int = 10) -> list[dict[str, object]]:
        with self.index.searcher() as searcher:
            query = MultifieldParser(["title", "body"], self.index.schema).parse(text)
            ids = [int(hit["id"]) for hit in searcher.search(query, limit=limit)]
        with Session(self.engine) as session:
            notes = session.scalars(select(Note).where(Note.id.in_(ids))).all()
        return [{"id": n.id, "title": n.title} for n in notes]
